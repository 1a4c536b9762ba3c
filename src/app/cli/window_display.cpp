#include "cli/window_display.h"

#include <SDL2/SDL.h>
#include <dlfcn.h>
#include <fmt/format.h>

#include <array>

#include "core/error.h"
#include "core/keys.h"

namespace emu::cli {

// libSDL2 opened with dlopen and the functions the window uses.
class WindowDisplay::Sdl {
 public:
  Sdl() {
    handle_ = ::dlopen("libSDL2-2.0.so.0", RTLD_NOW | RTLD_LOCAL);
    if (handle_ == nullptr) {
      throw Error(ExitStatus::backend_unavailable,
                  fmt::format("--display window needs SDL2 (Debian package libsdl2-2.0-0): {}", ::dlerror()));
    }
    bind(Init, "SDL_Init");
    bind(Quit, "SDL_Quit");
    bind(GetError, "SDL_GetError");
    bind(CreateWindow, "SDL_CreateWindow");
    bind(DestroyWindow, "SDL_DestroyWindow");
    bind(CreateRenderer, "SDL_CreateRenderer");
    bind(DestroyRenderer, "SDL_DestroyRenderer");
    bind(CreateTexture, "SDL_CreateTexture");
    bind(DestroyTexture, "SDL_DestroyTexture");
    bind(UpdateTexture, "SDL_UpdateTexture");
    bind(RenderSetLogicalSize, "SDL_RenderSetLogicalSize");
    bind(RenderClear, "SDL_RenderClear");
    bind(RenderCopy, "SDL_RenderCopy");
    bind(RenderPresent, "SDL_RenderPresent");
    bind(RenderReadPixels, "SDL_RenderReadPixels");
    bind(GetRendererOutputSize, "SDL_GetRendererOutputSize");
    bind(PollEvent, "SDL_PollEvent");
    bind(SetHint, "SDL_SetHint");
  }
  Sdl(const Sdl&) = delete;
  Sdl& operator=(const Sdl&) = delete;
  ~Sdl() {
    if (handle_ != nullptr) ::dlclose(handle_);
  }

  decltype(&SDL_Init) Init = nullptr;
  decltype(&SDL_Quit) Quit = nullptr;
  decltype(&SDL_GetError) GetError = nullptr;
  decltype(&SDL_CreateWindow) CreateWindow = nullptr;
  decltype(&SDL_DestroyWindow) DestroyWindow = nullptr;
  decltype(&SDL_CreateRenderer) CreateRenderer = nullptr;
  decltype(&SDL_DestroyRenderer) DestroyRenderer = nullptr;
  decltype(&SDL_CreateTexture) CreateTexture = nullptr;
  decltype(&SDL_DestroyTexture) DestroyTexture = nullptr;
  decltype(&SDL_UpdateTexture) UpdateTexture = nullptr;
  decltype(&SDL_RenderSetLogicalSize) RenderSetLogicalSize = nullptr;
  decltype(&SDL_RenderClear) RenderClear = nullptr;
  decltype(&SDL_RenderCopy) RenderCopy = nullptr;
  decltype(&SDL_RenderPresent) RenderPresent = nullptr;
  decltype(&SDL_RenderReadPixels) RenderReadPixels = nullptr;
  decltype(&SDL_GetRendererOutputSize) GetRendererOutputSize = nullptr;
  decltype(&SDL_PollEvent) PollEvent = nullptr;
  decltype(&SDL_SetHint) SetHint = nullptr;

 private:
  template <class F>
  void bind(F& function, const char* name) {
    function = reinterpret_cast<F>(::dlsym(handle_, name));
    if (function == nullptr) {
      throw Error(ExitStatus::backend_unavailable, fmt::format("--display window: SDL2 has no {}", name));
    }
  }
  void* handle_ = nullptr;
};

namespace {

constexpr std::chrono::milliseconds least_interval{10};

// The key an SDL scancode (a USB HID usage) is on the PC's keyboard, if emu has it.
std::optional<Key> key_for(SDL_Scancode code) {
  if (code >= SDL_SCANCODE_A && code <= SDL_SCANCODE_Z) {
    constexpr std::array<Key, 26> letters{Key::a, Key::b, Key::c, Key::d, Key::e, Key::f, Key::g, Key::h, Key::i,
                                          Key::j, Key::k, Key::l, Key::m, Key::n, Key::o, Key::p, Key::q, Key::r,
                                          Key::s, Key::t, Key::u, Key::v, Key::w, Key::x, Key::y, Key::z};
    return letters[code - SDL_SCANCODE_A];
  }
  if (code >= SDL_SCANCODE_1 && code <= SDL_SCANCODE_0) {
    return static_cast<Key>(static_cast<unsigned>(Key::digit1) + (code - SDL_SCANCODE_1));
  }
  if (code >= SDL_SCANCODE_F1 && code <= SDL_SCANCODE_F10) {
    return static_cast<Key>(static_cast<unsigned>(Key::f1) + (code - SDL_SCANCODE_F1));
  }
  switch (code) {
    case SDL_SCANCODE_RETURN: return Key::enter;
    case SDL_SCANCODE_ESCAPE: return Key::escape;
    case SDL_SCANCODE_BACKSPACE: return Key::backspace;
    case SDL_SCANCODE_TAB: return Key::tab;
    case SDL_SCANCODE_SPACE: return Key::space;
    case SDL_SCANCODE_MINUS: return Key::minus;
    case SDL_SCANCODE_EQUALS: return Key::equals;
    case SDL_SCANCODE_LEFTBRACKET: return Key::left_bracket;
    case SDL_SCANCODE_RIGHTBRACKET: return Key::right_bracket;
    case SDL_SCANCODE_BACKSLASH: return Key::backslash;
    case SDL_SCANCODE_SEMICOLON: return Key::semicolon;
    case SDL_SCANCODE_APOSTROPHE: return Key::apostrophe;
    case SDL_SCANCODE_GRAVE: return Key::backquote;
    case SDL_SCANCODE_COMMA: return Key::comma;
    case SDL_SCANCODE_PERIOD: return Key::period;
    case SDL_SCANCODE_SLASH: return Key::slash;
    case SDL_SCANCODE_CAPSLOCK: return Key::caps_lock;
    case SDL_SCANCODE_F11: return Key::f11;
    case SDL_SCANCODE_F12: return Key::f12;
    case SDL_SCANCODE_NUMLOCKCLEAR: return Key::num_lock;
    case SDL_SCANCODE_SCROLLLOCK: return Key::scroll_lock;
    case SDL_SCANCODE_UP: return Key::up;
    case SDL_SCANCODE_DOWN: return Key::down;
    case SDL_SCANCODE_LEFT: return Key::left;
    case SDL_SCANCODE_RIGHT: return Key::right;
    case SDL_SCANCODE_HOME: return Key::home;
    case SDL_SCANCODE_END: return Key::end;
    case SDL_SCANCODE_PAGEUP: return Key::page_up;
    case SDL_SCANCODE_PAGEDOWN: return Key::page_down;
    case SDL_SCANCODE_INSERT: return Key::insert;
    case SDL_SCANCODE_DELETE: return Key::del;
    case SDL_SCANCODE_KP_ENTER: return Key::keypad_enter;
    case SDL_SCANCODE_KP_DIVIDE: return Key::keypad_divide;
    case SDL_SCANCODE_KP_MULTIPLY: return Key::keypad_multiply;
    case SDL_SCANCODE_KP_MINUS: return Key::keypad_minus;
    case SDL_SCANCODE_KP_PLUS: return Key::keypad_plus;
    case SDL_SCANCODE_KP_PERIOD: return Key::keypad_period;
    case SDL_SCANCODE_KP_0: return Key::keypad0;
    case SDL_SCANCODE_KP_1: return Key::keypad1;
    case SDL_SCANCODE_KP_2: return Key::keypad2;
    case SDL_SCANCODE_KP_3: return Key::keypad3;
    case SDL_SCANCODE_KP_4: return Key::keypad4;
    case SDL_SCANCODE_KP_5: return Key::keypad5;
    case SDL_SCANCODE_KP_6: return Key::keypad6;
    case SDL_SCANCODE_KP_7: return Key::keypad7;
    case SDL_SCANCODE_KP_8: return Key::keypad8;
    case SDL_SCANCODE_KP_9: return Key::keypad9;
    default: return std::nullopt;
  }
}

}  // namespace

WindowDisplay::WindowDisplay(Machine& machine, StopRequest& stop, unsigned scale)
    : machine_(machine), stop_(stop), scale_(scale), sdl_(std::make_unique<Sdl>()) {
  // emu's own handlers for SIGINT and SIGTERM stay (they end the run with everything written).
  sdl_->SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
  // First without OpenGL: SDL would otherwise put the software renderer's window surface on a GL
  // texture and load libGL/EGL and a DRI driver (with its threads and thread-local storage) for
  // 640x400 pixels; unloading them at SDL_Quit crashed LeakSanitizer's exit scan now and then. A
  // video driver with no surface of its own (SDL2's Wayland) then gets the GL way.
  std::string why;
  for (const char* acceleration : {"0", "1"}) {
    sdl_->SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, acceleration);
    why = open();
    if (why.empty()) return;
  }
  throw Error(ExitStatus::backend_unavailable, fmt::format("--display window: {}", why));
}

std::string WindowDisplay::open() {
  auto fail = [&](const char* what) {
    std::string why = fmt::format("{}: {}", what, sdl_->GetError());
    close();
    return why;
  };
  if (sdl_->Init(SDL_INIT_VIDEO) != 0) return fail("SDL cannot start its video");
  window_ = sdl_->CreateWindow("emu", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, static_cast<int>(640 * scale_),
                               static_cast<int>(400 * scale_), SDL_WINDOW_RESIZABLE);
  if (window_ == nullptr) return fail("no window");
  // The software renderer: 640x400 needs no GPU.
  renderer_ = sdl_->CreateRenderer(static_cast<SDL_Window*>(window_), -1, SDL_RENDERER_SOFTWARE);
  if (renderer_ == nullptr) return fail("no renderer");
  return {};
}

void WindowDisplay::close() {
  if (texture_ != nullptr) sdl_->DestroyTexture(static_cast<SDL_Texture*>(texture_));
  if (renderer_ != nullptr) sdl_->DestroyRenderer(static_cast<SDL_Renderer*>(renderer_));
  if (window_ != nullptr) sdl_->DestroyWindow(static_cast<SDL_Window*>(window_));
  texture_ = renderer_ = window_ = nullptr;
  sdl_->Quit();
}

WindowDisplay::~WindowDisplay() { close(); }

void WindowDisplay::refresh(std::uint64_t) {
  take_events();
  if (drawn_ && std::chrono::steady_clock::now() - last_draw_ < least_interval) return;
  draw();
}

void WindowDisplay::finish() {
  take_events();
  draw();
}

void WindowDisplay::draw() {
  last_draw_ = std::chrono::steady_clock::now();
  const std::optional<VideoState> state = machine_.platform().video_state();
  if (!state || !watch_.changed(*state, machine_.memory())) return;
  const display::Screen screen = display::render(*state, machine_.memory());
  if (!screen.unsupported.empty() || screen.image.width == 0) return;  // the window keeps its last picture
  auto* renderer = static_cast<SDL_Renderer*>(renderer_);
  if (texture_ == nullptr || texture_width_ != screen.image.width || texture_height_ != screen.image.height) {
    if (texture_ != nullptr) sdl_->DestroyTexture(static_cast<SDL_Texture*>(texture_));
    texture_ = sdl_->CreateTexture(renderer, SDL_PIXELFORMAT_RGB24, SDL_TEXTUREACCESS_STREAMING,
                                   static_cast<int>(screen.image.width), static_cast<int>(screen.image.height));
    if (texture_ == nullptr) return;
    texture_width_ = screen.image.width;
    texture_height_ = screen.image.height;
    sdl_->RenderSetLogicalSize(renderer, static_cast<int>(texture_width_), static_cast<int>(texture_height_));
  }
  auto* texture = static_cast<SDL_Texture*>(texture_);
  sdl_->UpdateTexture(texture, nullptr, screen.image.rgb.data(), static_cast<int>(screen.image.width * 3));
  sdl_->RenderClear(renderer);
  sdl_->RenderCopy(renderer, texture, nullptr, nullptr);
  sdl_->RenderPresent(renderer);
  drawn_ = true;
  ++draws_;
}

void WindowDisplay::take_events() {
  SDL_Event event;
  while (sdl_->PollEvent(&event) != 0) {
    if (event.type == SDL_QUIT) {
      stop_.request(StopRequest::Cause::quit_key);
    } else if (event.type == SDL_WINDOWEVENT) {
      watch_.forget();  // shown anew or resized: the picture is drawn again
    } else if (event.type == SDL_KEYDOWN) {
      const std::optional<Key> key = key_for(event.key.keysym.scancode);
      if (!key) continue;
      std::uint8_t modifiers = 0;
      if (event.key.keysym.mod & KMOD_SHIFT) modifiers |= modifier::shift;
      if (event.key.keysym.mod & KMOD_CTRL) modifiers |= modifier::ctrl;
      if (event.key.keysym.mod & KMOD_ALT) modifiers |= modifier::alt;
      machine_.platform().type(KeyStroke{*key, modifiers});
    }
  }
}

std::optional<display::Image> WindowDisplay::read_back() {
  auto* renderer = static_cast<SDL_Renderer*>(renderer_);
  if (texture_ == nullptr) return std::nullopt;
  // The frame drawn again and read before it is presented (a presented buffer's content is the
  // renderer's to keep or not).
  sdl_->RenderClear(renderer);
  sdl_->RenderCopy(renderer, static_cast<SDL_Texture*>(texture_), nullptr, nullptr);
  int width = 0;
  int height = 0;
  if (sdl_->GetRendererOutputSize(renderer, &width, &height) != 0 || width <= 0 || height <= 0) return std::nullopt;
  display::Image image;
  image.width = static_cast<unsigned>(width);
  image.height = static_cast<unsigned>(height);
  image.rgb.resize(std::size_t{image.width} * image.height * 3);
  if (sdl_->RenderReadPixels(renderer, nullptr, SDL_PIXELFORMAT_RGB24, image.rgb.data(), width * 3) != 0) return std::nullopt;
  return image;
}

}  // namespace emu::cli
